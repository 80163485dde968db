"""What pages read, split by concept: *Voor u*, the task list, a chapter's history and
comments, proposals as readers see them, comparisons, the timeline. Reading only."""
