# Two threads, each doing the same CPU-bound work (counting in a Python loop).
# With the GIL only one of them runs Python code at any moment, so they take turns.
# The last line printed is a JSON object whose fields Taskscope adds to the step's figures.
import json
import threading
import time

WORK = 6_000_000  # loop turns per thread: about a second each on a laptop core


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


def main():
    workers = [threading.Thread(target=count, args=(WORK,), name=f"worker-{k}") for k in range(2)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(json.dumps({"workers": 2, "work_s": round(time.perf_counter() - start, 3)}))


if __name__ == "__main__":
    main()
