"""calc-auditor: audit breast-microcalcification follow-up against the ACR Appropriateness Criteria."""

__version__ = "0.1.0"
