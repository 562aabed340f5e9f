package demotab

// The teaching text of the demo cards. Each ties one claim of the lecture notes to what the
// demo lets a student see for themselves; the wording is Taskscope's own.

const browserText = "Lecture notes often describe browser tabs as threads of one program, " +
	"and say that threads share one address space while processes each get their own. " +
	"Launch both models. Every tab keeps a page of memory and keeps reading one shared number. " +
	"Write a number from one tab: with threads every tab sees it at once; with processes only the writer does, " +
	"even though every tab reports the very same address, because each process maps that address to memory of its own. " +
	"Then crash a tab (it writes through a null pointer). A fault in one thread ends the whole process, " +
	"so every tab goes with it; a tab process dies alone and the others keep running, which is why today's " +
	"browsers put each site in a process of its own. The price is memory, compared below."

const memoryCaption = "RSS counts every page a process has in RAM, including pages it shares with others, so summing " +
	"RSS over several processes counts the shared program code again for each one. PSS divides each shared page " +
	"among the processes that use it, so it adds up fairly; Private counts pages no other process uses. " +
	"Each tab touches its page, so both models pay for the pages; the processes model also pays a runtime per tab."

const editorText = "The notes suggest an editor with one thread for keystrokes, one for drawing, one for spelling, " +
	"one for grammar, so that typing stays quick while slow checks run. This demo types synthetic keys at a steady " +
	"rate while a spell checker does bursts of heavy work, and measures how long each key takes to reach the screen. " +
	"With threads the input and render threads are never queued behind the checker; with a single thread every key " +
	"waits for whatever work is ahead of it. Compare the median (p50) and the worst one in a hundred (p99)."

const crunchText = "CPU-bound work (counting primes) can only go faster on more cores: threads and processes both " +
	"spread over them. Threads that must hold one global lock to do any work, as Python's GIL requires, take turns " +
	"instead, so they get no faster than one thread however many you start. Processes avoid the lock because each " +
	"has its own. I/O-bound work (waiting on timers) is different: workers spend their time asleep, so every model " +
	"does about the same amount, and threads are the cheap way to wait on many things at once."

const raceText = "Threads share memory, which makes talking to each other cheap but also lets them get in each other's way. " +
	"Here several threads each add one to the same counter many times. Without a lock an addition is a read " +
	"followed by a write, and another thread's write in between is silently overwritten: updates are lost. A mutex " +
	"makes the read and write one step at the cost of waiting for the lock; an atomic add asks the processor to do " +
	"it in one instruction. Run each and compare the counts and the times."

const costText = "The notes say threads are lighter than processes: quicker to create, and cheaper to talk to, since " +
	"threads share memory while processes need a channel through the kernel. This demo measures both on this machine: " +
	"creating and joining threads against starting and reaping processes, and one round trip of a byte between two " +
	"threads through shared memory against two processes through a pipe and through a Unix socket. The bars use a " +
	"logarithmic scale, so the short bars stay visible; read the figures beside them."

const crunchUnits = "One cpu unit counts the primes among 5,000 numbers (about 1 ms of arithmetic); one io unit is a " +
	"10 ms wait and a little work on what arrived."

const ctxSwitchText = "One note says switching between threads is fast because they share one memory space. " +
	"Here two threads hand a turn back and forth, and then two processes do the same, with everything pinned to one " +
	"core, so each hand-off is one context switch and only whether the two sides share an address space differs. " +
	"The hand-off is a futex (a word in shared memory the kernel can sleep on) or a pipe. The batches of the two " +
	"kinds alternate, so the machine's other load falls on both alike."

const procRaceText = "One note lists \"removes synchronization primitives\" as a benefit of processes. Processes share " +
	"nothing unless they ask, but once they map the same memory (here one page, from memfd_create and mmap MAP_SHARED) " +
	"they race on it exactly as threads do. Each child process adds one to the same counter in that page: without a " +
	"lock updates are lost; a lock that lives in the shared page (a futex) or an atomic add fixes it."

const singleCoreText = "One note leaves open how multiprocessing works on a single core. It works by taking turns: " +
	"the kernel gives each runnable worker a slice of the core's time in rotation. Pin several CPU-bound workers to " +
	"one core and they all make progress, but together they do no more than one worker alone; spread the same workers " +
	"over every core and they do about as many times more as there are cores. Watch the Cores tab while it runs."

const pythonText = "The notes say Python threads do not speed up CPU-bound work because of the Global Interpreter " +
	"Lock, that processes get round it, and that threads suit I/O. This card asks the real python3: the same " +
	"amount of pure-Python arithmetic runs on one thread, split over N threads, and split over N processes " +
	"(multiprocessing, as in the notes), taking turns in five short rounds; then waits for I/O run on one thread " +
	"and on N. Threads only take turns holding the lock, so they keep about one core busy; processes each have an " +
	"interpreter and a lock of their own. A thread waiting for I/O lets go of the lock, so waits overlap. " +
	"A free-threaded Python (3.13t or later) found on PATH is checked and measured beside it. Choose a live mode " +
	"to watch the py-worker threads or processes in the process table and on the cores."

const forkcowText = "One note says the entire memory of a process is copied into each child it creates. A Python " +
	"parent here fills a block of memory, then forks children with os.fork() (what multiprocessing does on Linux). " +
	"Each child is measured in /proc right after the fork, then after it writes every byte of its copy. " +
	"Right after the fork the child's pages are still the parent's, shared and marked read-only; the kernel copies " +
	"a page only when one side writes to it. So the copy is made, page by page, when written, not at the fork."
