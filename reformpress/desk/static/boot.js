// Before Decap's bundle loads: the desk starts Decap itself, with the configuration made from the site.
window.CMS_MANUAL_INIT = true;
