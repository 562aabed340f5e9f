package model

import "slices"

// subs is a list of subscribers to one kind of change; emit calls each in the order they
// subscribed. It is the one fan-out loop of State.
type subs[T any] []*sub[T]

// sub is one subscriber: a pointer, so that its cancel finds it again.
type sub[T any] struct{ fn func(T) }

// add subscribes fn and returns the function that ends the subscription (idempotent).
func (s *subs[T]) add(fn func(T)) (cancel func()) {
	e := &sub[T]{fn}
	*s = append(*s, e)
	return func() {
		// A new slice, not an edit in place: an emit under way (a subscriber that cancels
		// another, or itself) goes on over the list it started with.
		*s = slices.DeleteFunc(slices.Clone(*s), func(x *sub[T]) bool { return x == e })
	}
}

func (s subs[T]) emit(v T) {
	for _, e := range s {
		e.fn(v)
	}
}

// Subscribers is how many subscriptions the state holds in all: a test's way to see that
// views which come and go (a replay's demo cards, rebuilt when time goes back) leave none
// behind.
func (st *State) Subscribers() int {
	return len(st.shownSubs) + len(st.liveSubs) + len(st.watchSubs) + len(st.selSubs) +
		len(st.filterSubs) + len(st.presSubs) + len(st.freezeSub) + len(st.markSubs) +
		len(st.quitSubs) + len(st.traceSubs) + len(st.replay.replaySubs) +
		len(st.replay.rewindSubs) + len(st.source.subs) + len(st.machine.subs) +
		len(st.demoSubs) + len(st.demoEventSubs)
}
