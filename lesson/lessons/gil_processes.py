# The same two pieces of CPU-bound work as gil_threads.py, each in a process of its own.
# Every process has its own interpreter and its own GIL, so both can run at once.
# The last line printed is a JSON object whose fields Taskscope adds to the step's figures.
import json
import multiprocessing
import time

WORK = 6_000_000


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


def main():
    ctx = multiprocessing.get_context("fork")  # start the workers at once, without a server
    workers = [ctx.Process(target=count, args=(WORK,), name=f"worker-{k}") for k in range(2)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(json.dumps({"workers": 2, "work_s": round(time.perf_counter() - start, 3)}))


if __name__ == "__main__":
    main()
