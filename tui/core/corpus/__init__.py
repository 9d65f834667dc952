"""Who is quoted across articles: speaker rows, joins, filters."""
