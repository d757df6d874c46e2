"""Reports: engine events and analysis results -> matplotlib Figures (never pyplot state) and text.

comparison.py draws a run, insights.py the analyses, text.py writes their numbers as tables and
sentences, palette.py holds the colours shared with the page. Knows the engine's events and results
only: nothing of training, files, flags or the web.
"""
