package inspect

import (
	"os/user"
	"strconv"
)

// userCache maps UIDs to login names. A lookup may go through NSS (LDAP, systemd-homed), far
// slower than a sample, so each UID is looked up once, and a failure is remembered too.
type userCache map[uint32]string

// name returns the login name of uid, or the number when there is none.
func (c *userCache) name(uid uint32) string {
	if n, ok := (*c)[uid]; ok {
		return n
	}
	if *c == nil {
		*c = make(userCache)
	}
	id := strconv.FormatUint(uint64(uid), 10)
	n := id
	if u, err := user.LookupId(id); err == nil && u.Username != "" {
		n = u.Username
	}
	(*c)[uid] = n
	return n
}
