"""What a process remembers per content generation (cms/caching/per_generation.py): read
once per generation, read again after a publish, never remembered outside a public GET."""

from cms.caching.per_generation import GenerationMemory, forget_all


class Reader:
    """Counts how often the database would have been asked."""

    def __init__(self, value="value"):
        self.value, self.reads = value, 0

    def __call__(self):
        self.reads += 1
        return self.value


def test_a_value_is_read_once_per_generation():
    memory, read = GenerationMemory(), Reader()

    assert [memory.get(7, read) for _ in range(3)] == ["value"] * 3
    assert read.reads == 1


def test_a_new_generation_reads_again_and_drops_every_older_value():
    memory = GenerationMemory()
    memory.get(1, Reader("old a"), key="a")
    memory.get(1, Reader("old b"), key="b")

    assert memory.get(2, Reader("new a"), key="a") == "new a"
    # "b" was remembered under generation 1 only.
    assert memory.get(2, Reader("new b"), key="b") == "new b"


def test_each_key_is_read_on_its_own():
    memory = GenerationMemory()

    assert memory.get(1, Reader("home"), key=("host", 80)) == "home"
    assert memory.get(1, Reader("other"), key=("other", 80)) == "other"
    assert memory.get(1, Reader("not read"), key=("host", 80)) == "home"


def test_without_a_generation_the_database_is_always_asked():
    memory, read = GenerationMemory(), Reader()

    memory.get(None, read)
    memory.get(None, read)

    assert read.reads == 2


def test_a_value_keep_refuses_is_read_again_next_time():
    memory, missing = GenerationMemory(), Reader(None)

    memory.get(1, missing, key="no-such-slug", keep=lambda value: value is not None)
    memory.get(1, missing, key="no-such-slug", keep=lambda value: value is not None)

    assert missing.reads == 2


def test_a_bounded_memory_starts_over_when_full():
    memory = GenerationMemory(max_entries=2)
    first = Reader("first")
    memory.get(1, first, key=1)
    memory.get(1, Reader(), key=2)
    memory.get(1, Reader(), key=3)  # full: everything is dropped, then 3 is kept

    memory.get(1, first, key=1)

    assert first.reads == 2


def test_forget_all_empties_every_memory():
    one, two, read = GenerationMemory(), GenerationMemory(), Reader()
    one.get(1, read)
    two.get(1, read)

    forget_all()
    one.get(1, read)
    two.get(1, read)

    assert read.reads == 4
