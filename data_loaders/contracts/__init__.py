"""One module per domain; each declares its DATASETS. The registry gathers them."""
