"""The archive kit: a static, offline, searchable site of an event (``carnet export``)."""

from carnet.kit.export import ExportOptions, ExportSummary, export_kit

__all__ = ["ExportOptions", "ExportSummary", "export_kit"]
