"""The embedded demo province (Gia Lai): real units and procedures, synthetic dossiers and feedback."""
