"""The person's plan tasks as iCalendar (RFC 5545), for any calendar app."""

from icalendar import Calendar

from accounts.models import User


def calendar_for(*, user: User) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Monthwise//Monthly plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Monthwise plan")
    calendar.add("x-wr-timezone", user.timezone)
    return calendar.to_ical()
