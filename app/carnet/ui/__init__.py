"""The desktop app: everything Qt lives here, on top of the plain-Python core.

Nothing outside this package imports PySide6. Windows, models, delegates and dialogs call
the same core functions as the command line; long work runs on a thread pool through
``tasks.TaskRunner`` and comes back to the GUI thread through queued signals.
"""
