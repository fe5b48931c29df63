"""The Excel workbook's sheets, one module each, made of the cells of ``sheet``.

Layout choices, made after printing it through LibreOffice: long text wraps in fixed-width
columns with row heights computed from the text (a CJK character counts as two columns),
short columns fit their widest cell; every sheet prints landscape, fitted to the page
width, with its title and header rows repeated on every page.
"""
