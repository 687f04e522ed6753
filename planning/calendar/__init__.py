"""The person's plan as a calendar: grid (the month and week pages' presenter) and ical
(the subscribable feed)."""
