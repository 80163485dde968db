"""A chapter's text: the four aspects (``aspects``), sanitising (``richtext``), the one
parsed form of its HTML (``html``), word diffs (``diff``) and quoted passages
(``passages``)."""
