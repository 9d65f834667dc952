"""newsview: read news articles in the terminal with who-said-what marked."""

__version__ = "0.1.0"
