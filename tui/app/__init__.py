"""The Textual application: screens and widgets that render what the core computed."""
