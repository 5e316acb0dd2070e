/* Carnet archive kit: the image viewer. Pages work without it; it only adds a dialog. */
(function () {
  "use strict";
  var dialog = document.getElementById("viewer");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var img = dialog.querySelector(".viewer-img");
  var link = dialog.querySelector(".viewer-link");
  var count = dialog.querySelector(".viewer-count");
  var links = [];
  var index = 0;
  var opener = null;
  // The entry the viewer adds to the history, so that Back (a phone's above all) closes it.
  var pushed = false;

  function show(i) {
    index = (i + links.length) % links.length;
    var a = links[index];
    img.src = a.getAttribute("data-preview");
    img.width = Number(a.getAttribute("data-width")) || 0;
    img.height = Number(a.getAttribute("data-height")) || 0;
    var label = a.querySelector(".label");
    var inner = a.querySelector("img");
    var text = label ? label.textContent : (inner ? inner.getAttribute("alt") : "");
    img.alt = text || "";
    link.href = a.getAttribute("href");
    count.textContent = links.length > 1 ? (index + 1) + " / " + links.length + " · " + text : text;
  }

  function open(list, i, from) {
    links = list;
    opener = from;
    dialog.classList.toggle("single", list.length < 2);
    dialog.querySelector(".viewer-prev").hidden = list.length < 2;
    dialog.querySelector(".viewer-next").hidden = list.length < 2;
    show(i);
    dialog.showModal();
    if (!pushed && window.history && typeof history.pushState === "function") {
      try { history.pushState({ carnetViewer: true }, ""); pushed = true; } catch (e) { pushed = false; }
    }
    dialog.querySelector(".viewer-close").focus();
  }

  dialog.addEventListener("close", function () {
    img.src = "data:,";
    if (pushed) { pushed = false; history.back(); }
    if (opener && document.contains(opener)) opener.focus();
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { show(index + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { show(index - 1); event.preventDefault(); }
    else if (event.key === "Home") { show(0); event.preventDefault(); }
    else if (event.key === "End") { show(links.length - 1); event.preventDefault(); }
  });
  dialog.querySelector(".viewer-prev").addEventListener("click", function () { show(index - 1); });
  dialog.querySelector(".viewer-next").addEventListener("click", function () { show(index + 1); });
  dialog.querySelector(".viewer-close").addEventListener("click", function () { dialog.close(); });
  window.addEventListener("popstate", function () {
    // Back while the viewer is open: the history entry is already gone, just close.
    if (pushed) { pushed = false; if (dialog.open) dialog.close(); }
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });

  function wire(container) {
    var list = Array.prototype.slice.call(container.querySelectorAll("a[data-preview]"));
    list.forEach(function (a, i) {
      a.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        open(list, i, a);
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-viewer]"), wire);
  Array.prototype.forEach.call(document.querySelectorAll("a[data-single-viewer]"), function (a) {
    a.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      open([a], 0, a);
    });
  });
  window.CarnetViewer = { open: open };
})();
