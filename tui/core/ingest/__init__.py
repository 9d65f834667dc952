"""Loading articles: files, directories, standard input, and cleaning their text."""
