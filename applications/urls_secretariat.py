"""The secretariat's pages: rounds and the inbox (the inbox comes with the rest of issue 3)."""

app_name = "secretariat"

urlpatterns: list = []
