/* Carnet archive kit: deep zoom into a drawing, to its last pixel, from file:// too.

   The page says where the drawing's tiles are and how big it is (data-* attributes);
   OpenSeadragon (vendored in assets/vendor/) is given a tile source built here, which
   names the IIIF level-0 tiles the kit holds and loads them as plain images: nothing is
   fetched with XHR, so it works from a USB stick. Without JavaScript the page shows the
   preview and the download link; this only adds the "Zoom" button and its dialog.

   Keys (whatever has the focus in the dialog): + and = zoom in, - zooms out, 0 shows the
   whole drawing, arrow keys move, Esc closes (the dialog's own). Mouse wheel, drag and
   pinch are OpenSeadragon's. Opening the dialog adds an entry to the browser's history,
   so that Back (a phone's above all) closes it, as it closes the image viewer. */
(function () {
  "use strict";
  var dialog = document.getElementById("zoom");
  var buttons = document.querySelectorAll("[data-zoom]");
  if (!dialog || !buttons.length || typeof dialog.showModal !== "function" ||
      typeof window.OpenSeadragon !== "function") return;
  var area = dialog.querySelector(".zoom-area");
  var title = dialog.querySelector(".zoom-title");
  var viewer = null;
  var opener = null;
  var pushed = false;  /* the history entry opening the dialog added */

  /* The scale factors dzsave writes: 1, 2, 4… down to the first level that fits a tile. */
  function factors(width, height, tile) {
    var out = [1];
    while (Math.ceil(width / out[out.length - 1]) > tile ||
           Math.ceil(height / out[out.length - 1]) > tile) {
      out.push(out[out.length - 1] * 2);
    }
    return out;
  }

  /* A tile source for OpenSeadragon naming the files as media/tiles.py (dzsave) does. */
  function tileSource(base, width, height, tile) {
    var scales = factors(width, height, tile);
    var maxLevel = Math.ceil(Math.log(Math.max(width, height)) / Math.LN2);
    var minLevel = maxLevel - (scales.length - 1);
    return {
      width: width,
      height: height,
      tileSize: tile,
      tileOverlap: 0,
      minLevel: minLevel,
      maxLevel: maxLevel,
      getTileUrl: function (level, x, y) {
        var s = Math.pow(2, maxLevel - level);
        if (s >= scales[scales.length - 1]) {
          return base + "/full/" + Math.ceil(width / s) + "," + Math.ceil(height / s) +
            "/0/default.jpg";
        }
        var span = tile * s;
        var rx = x * span, ry = y * span;
        var rw = Math.min(span, width - rx), rh = Math.min(span, height - ry);
        return base + "/" + rx + "," + ry + "," + rw + "," + rh + "/" +
          Math.ceil(rw / s) + "," + Math.ceil(rh / s) + "/0/default.jpg";
      }
    };
  }

  function open(button) {
    opener = button;
    var width = Number(button.getAttribute("data-full-width"));
    var height = Number(button.getAttribute("data-full-height"));
    var tile = Number(button.getAttribute("data-tile")) || 512;
    title.textContent = button.getAttribute("data-label") || "";
    dialog.showModal();
    if (!pushed && window.history && typeof history.pushState === "function") {
      try { history.pushState({ carnetZoom: true }, ""); pushed = true; } catch (e) { pushed = false; }
    }
    var source = tileSource(button.getAttribute("data-tiles"), width, height, tile);
    if (viewer === null) {
      /* OpenSeadragon adds a <style> to the page (to hide the focus ring on touch screens):
         the kit's Content-Security-Policy refuses inline styles, which the browser reports
         as an error, and the focus ring must stay. That one element is left out. */
      var head = document.head;
      head.appendChild = function (node) {
        if (node.nodeType === 1 && node.hasAttribute("data-openseadragon-mobile-css")) return node;
        return Node.prototype.appendChild.call(head, node);
      };
      try {
        viewer = window.OpenSeadragon({
          element: area,
          tileSources: source,
          drawer: "canvas",
          showNavigationControl: false,
          keyboardNavEnabled: false,     /* keys are handled below, wherever the focus is */
          maxZoomPixelRatio: 4,          /* lettering can be read larger than life */
          visibilityRatio: 0.5,
          loadTilesWithAjax: false,
          crossOriginPolicy: false,
          gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
          gestureSettingsTouch: { pinchToZoom: true, flickEnabled: true },
          animationTime: 0.4
        });
      } finally {
        delete head.appendChild;
      }
      var canvas = area.querySelector(".openseadragon-canvas");
      if (canvas) {
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", area.getAttribute("aria-label") || "");
      }
      window.CarnetZoom.viewer = viewer;
    } else {
      viewer.open(source);
    }
    var focusable = area.querySelector("[tabindex]");
    (focusable || dialog.querySelector(".zoom-close")).focus();
  }

  function zoom(factor) {
    if (!viewer) return;
    viewer.viewport.zoomBy(factor);
    viewer.viewport.applyConstraints();
  }

  function pan(dx, dy) {
    if (!viewer) return;
    var bounds = viewer.viewport.getBounds();
    viewer.viewport.panBy(new window.OpenSeadragon.Point(bounds.width * dx, bounds.height * dy));
    viewer.viewport.applyConstraints();
  }

  var keys = {
    "+": function () { zoom(1.5); }, "=": function () { zoom(1.5); },
    "-": function () { zoom(1 / 1.5); }, "\u2212": function () { zoom(1 / 1.5); },
    "_": function () { zoom(1 / 1.5); },
    "0": function () { if (viewer) viewer.viewport.goHome(); },
    "ArrowLeft": function () { pan(-0.1, 0); }, "ArrowRight": function () { pan(0.1, 0); },
    "ArrowUp": function () { pan(0, -0.1); }, "ArrowDown": function () { pan(0, 0.1); }
  };
  dialog.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var action = keys[event.key];
    if (!action) return;
    action();
    event.preventDefault();
  });
  dialog.querySelector(".zoom-in").addEventListener("click", function () { zoom(1.5); });
  dialog.querySelector(".zoom-out").addEventListener("click", function () { zoom(1 / 1.5); });
  dialog.querySelector(".zoom-fit").addEventListener("click", function () {
    if (viewer) viewer.viewport.goHome();
  });
  dialog.querySelector(".zoom-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () {
    /* Closed by its button or Esc: the history entry goes with it. */
    if (pushed) { pushed = false; history.back(); }
    if (opener && document.contains(opener)) opener.focus();
  });
  window.addEventListener("popstate", function () {
    /* Back while the dialog is open: its history entry is already gone, just close. */
    if (pushed) { pushed = false; if (dialog.open) dialog.close(); }
  });

  Array.prototype.forEach.call(buttons, function (button) {
    if (button.tagName === "BUTTON") {
      button.parentNode.hidden = false;  /* the button is only shown where it works */
      button.addEventListener("click", function () { open(button); });
    } else {
      button.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey ||
            event.altKey) return;
        event.preventDefault();
        open(button);
      });
    }
  });
  window.CarnetZoom = { open: open, viewer: null };
})();
