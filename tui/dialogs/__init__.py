"""Modal dialogs, apart from the screens they serve."""
