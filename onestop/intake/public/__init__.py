"""The public application, online and at a kiosk: question pages, save and return, submit."""
