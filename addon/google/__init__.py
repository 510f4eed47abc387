"""Google Workspace: event objects, request verification, the Gmail and Calendar APIs."""
