"""Agency copy: the wire format, the importer with its provenance, export and diff."""
