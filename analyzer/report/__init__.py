"""One report object, and thin views of it: text, json, markdown (and more)."""
