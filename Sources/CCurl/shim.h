#ifndef SIANG_CCURL_SHIM_H
#define SIANG_CCURL_SHIM_H
// libcurl's variadic setopt cannot be called from Swift; these typed wrappers can.
#include <curl/curl.h>

static inline CURLcode siang_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode siang_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode siang_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode siang_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

#endif
