"""The cache of one server's processes, in files: bounded, without counting its files before
every write."""

import threading

import pytest

from newsroom.file_cache import FileCache


def file_cache(directory, **options):
    return FileCache(str(directory), {"OPTIONS": options})


def entries(directory):
    return [path for path in directory.iterdir() if path.suffix == ".djcache"]


def test_it_keeps_and_gives_back_what_it_is_given(tmp_path):
    cache = file_cache(tmp_path)
    cache.set("page", "<p>kept</p>", 60)
    assert file_cache(tmp_path).get("page") == "<p>kept</p>"  # another process reads it
    assert cache.add("page", "other") is False
    assert cache.get_or_set("count", lambda: 7) == 7
    assert cache.get("count") == 7


def test_the_files_are_counted_once_in_so_many_writes_starting_with_the_first(tmp_path):
    cache = file_cache(tmp_path, WRITES_PER_COUNT=10)
    listings = []
    list_files = cache._list_cache_files
    cache._list_cache_files = lambda: listings.append(1) or list_files()
    for number in range(95):
        cache.set(f"page-{number}", number)
    assert len(listings) == 10  # before writes 1, 11, 21, ..., 91
    assert cache.get("page-94") == 94


def test_the_writes_of_every_thread_are_counted_together(tmp_path):
    listings = []

    def write(number):
        cache = file_cache(tmp_path, WRITES_PER_COUNT=10)  # one instance per thread, as Django
        list_files = cache._list_cache_files
        cache._list_cache_files = lambda: listings.append(1) or list_files()
        cache.set(f"page-{number}", number)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(listings) == 3
    assert file_cache(tmp_path).get("page-29") == 29


def test_the_directory_stays_near_its_bound_however_much_is_written(tmp_path):
    cache = file_cache(tmp_path, MAX_ENTRIES=50, WRITES_PER_COUNT=10)
    sizes = []
    for number in range(1000):
        cache.set(f"page-{number}", "x" * 100)
        sizes.append(len(entries(tmp_path)))
    assert max(sizes) <= 50 + 10
    assert min(sizes[100:]) >= 50 * 2 // 3 - 1  # culled by a third, not emptied
    assert cache.get("page-999") == "x" * 100


def test_a_count_of_writes_below_one_is_refused(tmp_path):
    with pytest.raises(ValueError, match="WRITES_PER_COUNT"):
        file_cache(tmp_path, WRITES_PER_COUNT=0)
