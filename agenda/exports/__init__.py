"""Documents made from the agenda for use outside the portal: the actions as a
spreadsheet (``spreadsheets``) and a chapter as Word (``docx``)."""
