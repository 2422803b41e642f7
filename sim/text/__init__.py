"""Words and type for every screen and page: texts in four languages, fonts, theme.

The game's screens and the printed report draw the same words with the same
fonts, colours and sizes, so these live below both of them (the layer
`text`, under story / report, above scenario). Nothing here knows a scene,
a model or the command line. Nothing is re-exported: each name has one home.
"""
