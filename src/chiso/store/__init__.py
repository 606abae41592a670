"""Schema, migrations and imports. Imports only chiso.domain."""
