"""One module per check; `registry.CHECKS` lists them."""
