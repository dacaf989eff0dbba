"""The fills every written sheet shares (Excel's own "good / neutral / bad" colours), as ARGB hex.

The clerk's summary sheets and the consolidated workbook use the same meaning for each colour.
"""

GREEN, AMBER, RED, GREY, BLUE = "C6EFCE", "FFEB9C", "FFC7CE", "EDEDED", "DDEBF7"
