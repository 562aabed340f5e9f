# Four threads add 1 to one shared counter, each many times, with no lock.
# Each addition reads the counter, gives other threads a chance to run, then writes it back:
# a thread that was interrupted in between writes back a stale value and an update is lost.
# The last line printed is a JSON object whose fields Taskscope adds to the step's figures.
import json
import threading
import time

THREADS = 4
ADDS = 2_000

counter = 0


def add(n):
    global counter
    for _ in range(n):
        seen = counter
        time.sleep(0)  # lets another thread in between the read and the write
        counter = seen + 1


def main():
    workers = [threading.Thread(target=add, args=(ADDS,)) for _ in range(THREADS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    expected = THREADS * ADDS
    print(json.dumps({"expected": expected, "actual": counter, "lost": expected - counter}))


if __name__ == "__main__":
    main()
