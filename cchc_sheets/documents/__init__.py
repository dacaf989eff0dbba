"""Word documents made from the workbooks: the plan's appendix and the periodic progress report.

A stage above :mod:`cchc_sheets.consolidate`: the builders read commune workbooks and
consolidated workbooks and compute nothing of their own. ``layout`` holds the Nghị định
30/2020/NĐ-CP page rules, ``periods`` the reporting periods and their data windows, ``figures``
the report's numbers (through the same library functions as ``summarize`` and ``merge``),
``report`` and ``plan_appendix`` write the two documents. python-docx is imported only inside
functions, so no other command pays for it at start-up.
"""
