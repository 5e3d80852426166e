"""Real Flask, Django and FastAPI webhook apps (with the telnyx SDK's verification) served on loopback for tests."""
