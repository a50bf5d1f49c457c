"""The `cf` command: options, rendering, batch running and error reporting."""
