"""Computing over the store. Imports chiso.domain and chiso.store only."""
