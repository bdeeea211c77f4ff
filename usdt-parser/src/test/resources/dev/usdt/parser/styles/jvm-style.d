/*
 * A virtual machine's provider, in the style of a JVM's: class and method events whose
 * names and signatures are passed as (pointer, length) pairs, so some probes need seven
 * arguments.
 */

provider vmlike {
  probe vm__init__begin();
  probe vm__init__end();
  probe vm__shutdown();
  probe thread__start(char*, uintptr_t, uintptr_t, uintptr_t, uintptr_t);
  probe thread__stop(char*, uintptr_t, uintptr_t, uintptr_t, uintptr_t);
  probe class__loaded(char*, uintptr_t, void*, uintptr_t);
  probe class__unloaded(char*, uintptr_t, void*, uintptr_t);
  probe gc__begin(uintptr_t);
  probe gc__end();
  probe mem__pool__gc__begin(char*, uintptr_t, char*, uintptr_t,
                             uintptr_t, uintptr_t, uintptr_t, uintptr_t);
  probe method__entry(int, char*, int, char*, int, char*, int);
  probe method__return(int, char*, int, char*, int, char*, int);
  probe monitor__wait(uintptr_t, uintptr_t, char*, uintptr_t, uintptr_t);
  probe object__alloc(int, char*, int, size_t);
};

provider vmlike_native {
  probe call__entry(uintptr_t, char*, uintptr_t);
  probe call__return(uintptr_t);
};

#pragma D attributes Standard/Standard/Common provider vmlike provider
#pragma D attributes Private/Private/Unknown provider vmlike module
#pragma D attributes Private/Private/Unknown provider vmlike function
#pragma D attributes Standard/Standard/Common provider vmlike name
#pragma D attributes Evolving/Evolving/Common provider vmlike args
