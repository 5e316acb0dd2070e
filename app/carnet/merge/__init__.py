"""Several illustrators, one archive: contribution packages, merge and provenance.

``package.py`` writes a contribution package (a BagIt bag holding originals and a JSON
description of an event) and reads one, or another archive folder, as untrusted input;
``plan.py`` compares a source with the archive (the dry run, a ``MergePlan``); ``apply.py``
brings the plan in: originals first (content-addressed), then one catalog transaction.
See ``docs/contribution-package.md``.
"""
