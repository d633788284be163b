"""Pictures as the newsroom handles them, wherever they come from: reading and checking an
upload (uploads.py), what its metadata says (metadata.py), and the files readers get
(renditions.py)."""
