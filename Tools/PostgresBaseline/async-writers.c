/*
 * A probe for issue 13's 32-writer goal, not a benchmark of the ledger: N threads, each with its own
 * connection, append to a toy hash chain under one advisory lock.
 *
 *   mode 0: the commit inside the lock is durable (what the ledger's direct append does);
 *   mode 1: the commit inside the lock is asynchronous (SET LOCAL synchronous_commit = off), then each
 *           writer waits outside the lock for a durable barrier ($BARRIER, a statement that writes WAL,
 *           e.g. "SELECT pg_logical_emit_message(true, 'tl', '')"), so the lock is held for CPU time
 *           only and the writers' barriers share WAL flushes.
 *
 *   cc -O2 -o /tmp/async-writers Tools/PostgresBaseline/async-writers.c $(pkg-config --cflags --libs libpq) -lcrypto -lpthread
 *   PG_FLUSH_DELAY_US=3900 BARRIER="SELECT pg_logical_emit_message(true, 'tl', '')" \
 *     Tools/with-postgres.sh sh -c '/tmp/async-writers "$PG_URI" 1 32 50'   # URI, mode, writers, appends each
 */
#include <libpq-fe.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static const char *uri; static int mode, count;
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
static void ok(PGresult*r,PGconn*c,const char*w){ExecStatusType s=PQresultStatus(r);if(s!=PGRES_COMMAND_OK&&s!=PGRES_TUPLES_OK){fprintf(stderr,"%s: %s",w,PQerrorMessage(c));exit(1);}}
static void *writer(void *arg){
  PGconn*c=PQconnectdb(uri); if(PQstatus(c)!=CONNECTION_OK){fprintf(stderr,"conn %s",PQerrorMessage(c));exit(1);}
  char payload[1200]; memset(payload,'x',sizeof payload-1); payload[sizeof payload-1]=0;
  for(int i=0;i<count;i++){
    PGresult*r=PQexec(c,"BEGIN; SELECT pg_advisory_xact_lock(42); SELECT seq, encode(hash,'hex') FROM chain ORDER BY seq DESC LIMIT 1"); ok(r,c,"tip");
    long long seq=PQntuples(r)?atoll(PQgetvalue(r,0,0))+1:0; char prev[65]="00"; if(PQntuples(r)) strcpy(prev,PQgetvalue(r,0,1)); PQclear(r);
    unsigned char h[32]; char buf[1400]; snprintf(buf,sizeof buf,"%s%s",prev,payload); SHA256((unsigned char*)buf,strlen(buf),h);
    char hex[65]; for(int k=0;k<32;k++) sprintf(hex+2*k,"%02x",h[k]);
    char sq[32]; snprintf(sq,sizeof sq,"%lld",seq);
    char q[4000]; snprintf(q,sizeof q,"INSERT INTO chain VALUES (%s, decode('%s','hex'), '%s'); %s COMMIT",sq,hex,payload, mode==1?"SET LOCAL synchronous_commit = off;":"");
    r=PQexec(c,q); ok(r,c,"insert+commit"); PQclear(r);
    if(mode==1){ r=PQexec(c,getenv("BARRIER")); ok(r,c,"barrier"); PQclear(r);}
  }
  PQfinish(c); return NULL;
}
int main(int argc,char**argv){
  uri=argv[1]; mode=atoi(argv[2]); int n=atoi(argv[3]); count=atoi(argv[4]);
  PGconn*c=PQconnectdb(uri); PGresult*r=PQexec(c,"CREATE TABLE IF NOT EXISTS chain(seq bigint primary key, hash bytea not null, payload text not null)"); ok(r,c,"create"); PQclear(r);
  pthread_t t[256]; double s=now(); for(int i=0;i<n;i++) pthread_create(&t[i],0,writer,0); for(int i=0;i<n;i++) pthread_join(t[i],0);
  double e=now()-s; printf("mode %d writers %d: %.0f appends/s\n",mode,n,n*count/e);
  r=PQexec(c,"SELECT count(*) FROM chain"); printf("rows %s\n",PQgetvalue(r,0,0)); PQclear(r); PQfinish(c); return 0;
}
