from django.http import HttpResponse


def baseline(request):
    """A constant answer through the whole middleware stack: the peer's floor, as ours."""
    return HttpResponse("ok\n", content_type="text/plain")
