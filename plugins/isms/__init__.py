"""isms-docs: an ISO/IEC 27001:2022 ISMS kept as code, checked and published with MkDocs."""

__version__ = "0.1.0"
