package model

// subs is a list of subscribers to one kind of change; emit calls each in the order they
// subscribed. It is the one fan-out loop of State.
type subs[T any] []func(T)

func (s *subs[T]) add(fn func(T)) { *s = append(*s, fn) }

func (s subs[T]) emit(v T) {
	for _, fn := range s {
		fn(v)
	}
}
