"""chiso: trustworthy indicators for Vietnamese administrative reform and digital transformation."""

__version__ = "0.1.0"
