"""Telling people: alerts detected by the engine, recorded in the store, delivered by channels (e-mail, webhook;
the inbox is the store itself). A shell like the CLI and the web: it may import domain, store and engine."""
