"""The Outlook add-in: its task pane's API, Microsoft's tokens, and the pane's actions."""
