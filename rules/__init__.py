"""leadlint's built-in rules, one module per family, loaded through the ``leadlint.rules``
entry point exactly like a third-party plugin."""
