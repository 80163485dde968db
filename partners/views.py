from django.contrib.auth import views as auth_views

from .ui import error_summary


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["error_list"] = error_summary(context["form"])
        return context
