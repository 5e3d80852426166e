"""Evidence Telnyx recorded (message detail records, webhook deliveries) and the catalogue of its error codes."""
