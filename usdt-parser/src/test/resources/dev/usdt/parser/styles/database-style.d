/* ----------
 *	A database server's probes, in the style of a relational database:
 *	its own integer types are aliased with #define, since the D compiler
 *	does not see the server's headers.
 * ----------
 */

/*
 * Typedefs used in the probe definitions.
 */
#define LocalTxId unsigned int
#define LockMode int
#define BlockNo unsigned int
#define ObjectId unsigned int
#define ForkNo int
#define bool unsigned char

provider dblike {

	probe transaction__start(LocalTxId);
	probe transaction__commit(LocalTxId);
	probe transaction__abort(LocalTxId);

	probe lock__acquire(LockMode, int);
	probe lock__release(LockMode);
	probe lock__wait__start(unsigned int, unsigned int, unsigned int, unsigned int, unsigned int, LockMode);
	probe lock__wait__done(unsigned int, unsigned int, unsigned int, unsigned int, unsigned int, LockMode);

	probe query__parse__start(const char *);
	probe query__parse__done(const char *);
	probe query__execute__start();
	probe query__execute__done();

	probe sort__start(int, bool, int, int, bool, int);
	probe sort__done(bool, long);

	probe buffer__read__start(ForkNo, BlockNo, ObjectId, ObjectId, ObjectId, int);
	probe buffer__read__done(ForkNo, BlockNo, ObjectId, ObjectId, ObjectId, int, bool);
	probe buffer__flush__start(ForkNo, BlockNo, ObjectId, ObjectId, ObjectId);
	probe buffer__checkpoint__done();

	probe wal__insert(unsigned char, unsigned char);
	probe wal__switch();
	probe smgr__read__done(ForkNo, BlockNo, ObjectId, ObjectId, ObjectId, int, int, int);
};

#pragma D attributes Evolving/Evolving/Common provider dblike provider
#pragma D attributes Private/Private/Unknown provider dblike module
#pragma D attributes Private/Private/Unknown provider dblike function
#pragma D attributes Evolving/Evolving/Common provider dblike name
#pragma D attributes Evolving/Evolving/Common provider dblike args
